# apiserver-operator. `make run` starts the aggregated apiserver alone (standalone mode, embedded store);
# `make test` builds everything and runs every test, bundle validation included. `make help` lists the targets.
MVN ?= mvn -B -ntp
PORT ?= 8443
JAVA ?= java
KUBECTL ?= kubectl
CONTAINER_TOOL ?= docker

# The release. `make bundle VERSION=x.y.z` also pins these images in config/manager.
VERSION ?= 0.1.0
IMAGE_TAG_BASE ?= ghcr.io/aggregation-dev
IMG ?= $(IMAGE_TAG_BASE)/apiserver-operator:$(VERSION)
APISERVER_IMG ?= $(IMAGE_TAG_BASE)/apiserver:$(VERSION)
BUNDLE_IMG ?= $(IMAGE_TAG_BASE)/apiserver-operator-bundle:v$(VERSION)
CHANNELS ?= candidate
comma := ,
DEFAULT_CHANNEL ?= $(firstword $(subst $(comma), ,$(CHANNELS)))
# Empty: the release in bundle/ (if older) is the one replaced.
PREVIOUS_VERSION ?=

BUNDLE_TOOL = $(JAVA) -cp "tools/target/classes:$$(cat tools/target/classpath.txt)" dev.aggregation.tools.bundle.BundleTool

.PHONY: help build package test e2e run run-operator crd clean install uninstall deploy undeploy bundle bundle-validate \
	bundle-build docker-build docker-push jib tools bench fuzz soak

help: ## Lists the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Builds every module's jar (no tests).
	$(MVN) -DskipTests package

package: build

apiserver/target/apiserver.jar: $(shell find apiserver/src/main -type f 2>/dev/null) pom.xml apiserver/pom.xml
	$(MVN) -DskipTests -pl apiserver -am package

test: ## Builds everything and runs every test (mvn verify; the bundle is validated in tools/).
	$(MVN) verify

# The property tests (jqwik) with many more tries than `make test` gives them; FUZZ_TRIES sets how many.
FUZZ_TRIES ?= 20000
fuzz: ## Runs the property tests (jqwik) with FUZZ_TRIES tries each.
	$(MVN) -pl apiserver -am test -Dtest='*Properties' -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Djqwik.tries.default=$(FUZZ_TRIES)

# Minutes of clients writing and watching through two replicas on one real etcd, while etcd and a replica are
# killed and restarted; loopback only, needs etcd on the PATH. SOAK_MINUTES sets how long (default 3).
SOAK_MINUTES ?= 3
soak: ## Runs SoakTest for SOAK_MINUTES against a real etcd (loopback only).
	$(MVN) -pl apiserver -am test -Dtest='SoakTest' -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=soak -Dtest.excludedGroups=none -DargLine=-Dsoak.minutes=$(SOAK_MINUTES)

run: apiserver/target/apiserver.jar ## Runs the apiserver standalone on https://127.0.0.1:$(PORT).
	$(JAVA) -jar apiserver/target/apiserver.jar --standalone --secure-port=$(PORT) --cert-dir=.dev --data-dir=.data

clean: ## Removes build output and the development data.
	$(MVN) clean
	rm -rf .dev .data

operator/target/operator.jar: $(shell find operator/src/main -type f 2>/dev/null) pom.xml operator/pom.xml
	$(MVN) -DskipTests -pl operator -am package

# WATCH_NAMESPACES narrows it, RELATED_IMAGE_APISERVER sets the image, LEADER_ELECTION=true takes a Lease.
run-operator: operator/target/operator.jar ## Runs the operator against the current kubeconfig.
	$(JAVA) -jar operator/target/operator.jar

crd: ## Regenerates config/crd/bases from the Java types (CommittedCrdTest fails while they differ).
	$(MVN) -pl operator process-classes
	cp operator/target/classes/META-INF/fabric8/apiservers.aggregation.dev-v1.yml config/crd/bases/

install: ## Installs the CRD into the current cluster.
	$(KUBECTL) apply --server-side -k config/crd

uninstall: ## Removes the CRD (and with it every ApiServer).
	$(KUBECTL) delete --ignore-not-found -k config/crd

# An overlay of config/default with IMG and APISERVER_IMG, in a scratch directory (kubectl has no `kustomize edit`).
DEPLOY_DIR = .build/deploy
$(DEPLOY_DIR)/kustomization.yaml: FORCE
	@mkdir -p $(DEPLOY_DIR)
	@printf '%s\n' \
	  'resources: [../../config/default]' \
	  'images:' \
	  '  - name: $(firstword $(subst :, ,$(shell sed -n 's/^ *image: //p' config/manager/manager.yaml)))' \
	  '    newName: $(firstword $(subst :, ,$(IMG)))' \
	  '    newTag: "$(lastword $(subst :, ,$(IMG)))"' \
	  'patches:' \
	  '  - target: {kind: Deployment, name: apiserver-operator}' \
	  '    patch: |-' \
	  '      - op: replace' \
	  '        path: /spec/template/spec/containers/0/env/0' \
	  '        value: {name: RELATED_IMAGE_APISERVER, value: "$(APISERVER_IMG)"}' > $@
FORCE:

deploy: $(DEPLOY_DIR)/kustomization.yaml ## Deploys the operator (config/default) with IMG and APISERVER_IMG.
	$(KUBECTL) apply --server-side -k $(DEPLOY_DIR)

undeploy: $(DEPLOY_DIR)/kustomization.yaml ## Removes what deploy applied (the CRD too: ApiServers go with it).
	$(KUBECTL) delete --ignore-not-found -k $(DEPLOY_DIR)

tools/target/classpath.txt: $(shell find tools/src/main -type f 2>/dev/null) tools/pom.xml pom.xml
	$(MVN) -q -pl tools -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=$(CURDIR)/tools/target/classpath.txt

tools: tools/target/classpath.txt

bundle: tools/target/classpath.txt ## Writes bundle/ and bundle.Dockerfile for VERSION from config/ and validates it.
	sed -i -E 's#^(\s+image: ).*#\1$(IMG)#' config/manager/manager.yaml
	sed -i -E '/name: RELATED_IMAGE_APISERVER/{n;s#^(\s+value: ).*#\1$(APISERVER_IMG)#}' config/manager/manager.yaml
	$(BUNDLE_TOOL) generate --version=$(VERSION) --channels=$(CHANNELS) --default-channel=$(DEFAULT_CHANNEL) \
	  $(if $(PREVIOUS_VERSION),--previous-version=$(PREVIOUS_VERSION))
	$(BUNDLE_TOOL) validate

bundle-validate: tools/target/classpath.txt ## Validates bundle/ with our implementation of operator-framework/api's rules.
	$(BUNDLE_TOOL) validate

bundle-build: ## Builds the bundle image BUNDLE_IMG.
	$(CONTAINER_TOOL) build -f bundle.Dockerfile -t $(BUNDLE_IMG) .

docker-build: ## Builds the operator image IMG and the apiserver image APISERVER_IMG.
	$(CONTAINER_TOOL) build -f operator.Dockerfile -t $(IMG) .
	$(CONTAINER_TOOL) build -f apiserver.Dockerfile -t $(APISERVER_IMG) .

docker-push: ## Pushes IMG and APISERVER_IMG.
	$(CONTAINER_TOOL) push $(IMG)
	$(CONTAINER_TOOL) push $(APISERVER_IMG)

jib: ## Builds and pushes both images without a Docker daemon (Jib).
	$(MVN) -Pjib -pl operator -am -DskipTests package jib:build -Djib.to.image=$(IMG)
	$(MVN) -Pjib -pl apiserver -am -DskipTests package jib:build -Djib.to.image=$(APISERVER_IMG)

# Runs every benchmark (JMH, wrk against a started server and its ceiling, watch fan-out, memory, start-up) and
# rewrites docs/benchmarks.md and docs/benchmarks.png. Takes about 18 minutes (each load run waits until the server and its JIT
# have settled); BENCH_SECONDS sets each measured wrk run.
BENCH_SECONDS ?= 8
# BENCH_ONLY runs some scenarios (jmh,get,list,table,create,etcd,memory,startup,operator); BENCH_DOCS writes elsewhere.
BENCH_ONLY ?=
BENCH_DOCS ?= docs
bench: ## Runs the benchmarks (needs wrk) and rewrites docs/benchmarks.md.
	$(MVN) -q -Pbench -pl operator,bench -am -DskipTests package
	$(JAVA) -Djava.awt.headless=true -cp 'bench/target/classes:bench/target/lib/*' dev.aggregation.bench.BenchMain \
		apiserver/target/apiserver.jar $(BENCH_DOCS) $(BENCH_SECONDS) "$(BENCH_ONLY)" operator/target/operator.jar

# The e2e module only; -am builds what it runs (the apiserver and the operator) without running their tests.
e2e: ## Runs the end-to-end tests: operator, Deployment, apiserver, aggregator and kubectl on this machine.
	$(MVN) -pl e2e -am verify -Dtest='dev.aggregation.e2e.**' -Dsurefire.failIfNoSpecifiedTests=false
