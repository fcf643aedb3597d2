# The apiserver image (the aggregated apiserver). Build from the project root:
#   docker build -f apiserver.Dockerfile -t IMAGE .        (or: make docker-build)
# Stage 1 builds the shaded jar with Maven; stage 2 is a JRE image that runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Every module's pom (Maven reads them all), then the sources of what this image needs.
COPY pom.xml ./
COPY apiserver/pom.xml apiserver/
COPY operator/pom.xml operator/
COPY tools/pom.xml tools/
COPY e2e/pom.xml e2e/
RUN mvn -B -ntp -q -pl apiserver -am dependency:go-offline -DexcludeReactor=true || true
COPY apiserver/src apiserver/src
RUN mvn -B -ntp -pl apiserver -am -DskipTests package

# Stage 2 runs the jar with an AppCDS archive, which brings start to /readyz from about 3 s to 1.5–2.2 s
# (docs/benchmarks.md, "Start to /readyz": as good as Java 25's AOT cache within the machine's noise, on the
# JDK the tests run on). The archive is trained here, in the final stage, because it is valid only for the JVM build and jar it was made
# with; an archive that does not match is ignored by the JVM (a slower start, never a failure). Temurin's JRE
# rather than distroless: training needs a shell.
FROM eclipse-temurin:17-jre
COPY --from=build /src/apiserver/target/apiserver.jar /app/apiserver.jar
COPY apiserver/src/main/jib/app/jvm.options /app/jvm.options
COPY apiserver/src/main/docker/train-cds.sh /tmp/train-cds.sh
RUN sh /tmp/train-cds.sh /app/apiserver.jar /app/apiserver.jsa /app/jvm.options && rm -rf /tmp/*
USER 65532:65532
EXPOSE 8443
# The JVM flags live in one file that Jib's image uses too; arguments of the pod spec are appended.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/apiserver.jsa", "@/app/jvm.options", "-jar", "/app/apiserver.jar"]
