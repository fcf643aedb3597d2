# The apiserver image (the aggregated apiserver). Build from the project root:
#   docker build -f apiserver.Dockerfile -t IMAGE .        (or: make docker-build)
# Stage 1 builds the shaded jar with Maven; stage 2 is a small JRE image that runs it as a non-root user.
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

# distroless: a JRE and nothing else (no shell, no package manager); user 65532 "nonroot".
FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /src/apiserver/target/apiserver.jar /app/apiserver.jar
USER 65532:65532
EXPOSE 8443
COPY apiserver/src/main/jib/app/jvm.options /app/jvm.options
# The JVM flags live in one file that Jib's image uses too; arguments of the pod spec are appended.
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/apiserver.jar"]
