# apiserver-operator. `make run` starts the aggregated apiserver alone (standalone mode, embedded store);
# `make test` builds everything and runs every test. See README.md.
MVN ?= mvn -B -ntp
PORT ?= 8443
JAVA ?= java

.PHONY: build package test run clean

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
