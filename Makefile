# apiserver-operator. `make run` starts the aggregated apiserver alone (standalone mode, embedded store);
# `make test` builds everything and runs every test. See README.md.
MVN ?= mvn -B -ntp
PORT ?= 8443
JAVA ?= java

.PHONY: build package test run run-operator crd clean bench

build package:
	$(MVN) -DskipTests package

apiserver/target/apiserver.jar: $(shell find apiserver/src/main -type f 2>/dev/null) pom.xml apiserver/pom.xml
	$(MVN) -DskipTests -pl apiserver -am package

test:
	$(MVN) verify

run: apiserver/target/apiserver.jar
	$(JAVA) -jar apiserver/target/apiserver.jar --standalone --secure-port=$(PORT) --cert-dir=.dev --data-dir=.data

clean:
	$(MVN) clean
	rm -rf .dev .data

operator/target/operator.jar: $(shell find operator/src/main -type f 2>/dev/null) pom.xml operator/pom.xml
	$(MVN) -DskipTests -pl operator -am package

# Runs the operator against the current kubeconfig; WATCH_NAMESPACES narrows it, RELATED_IMAGE_APISERVER sets the image.
run-operator: operator/target/operator.jar
	$(JAVA) -jar operator/target/operator.jar

# Regenerates the ApiServer CRD from the Java types and commits it under config/crd/bases
# (CommittedCrdTest fails while the two differ).
crd:
	$(MVN) -pl operator process-classes
	cp operator/target/classes/META-INF/fabric8/apiservers.aggregation.dev-v1.yml config/crd/bases/

# Runs every benchmark (JMH, wrk against a started server and its ceiling, watch fan-out, memory, start-up) and
# rewrites docs/benchmarks.md and docs/benchmarks.png. Takes about 6 minutes; BENCH_SECONDS sets each wrk run.
BENCH_SECONDS ?= 8
bench:
	$(MVN) -q -Pbench -pl bench -am -DskipTests package
	$(JAVA) -Djava.awt.headless=true -cp 'bench/target/classes:bench/target/lib/*' dev.aggregation.bench.BenchMain \
		apiserver/target/apiserver.jar docs $(BENCH_SECONDS)
