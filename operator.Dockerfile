# The operator image (the JOSDK operator). Build from the project root:
#   docker build -f operator.Dockerfile -t IMAGE .        (or: make docker-build)
# Stage 1 builds the shaded jar with Maven; stage 2 is a small JRE image that runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Every module's pom (Maven reads them all), then the sources of what this image needs.
COPY pom.xml ./
COPY apiserver/pom.xml apiserver/
COPY operator/pom.xml operator/
COPY tools/pom.xml tools/
COPY e2e/pom.xml e2e/
RUN mvn -B -ntp -q -pl operator -am dependency:go-offline -DexcludeReactor=true || true
COPY operator/src operator/src
RUN mvn -B -ntp -pl operator -am -DskipTests package

# distroless: a JRE and nothing else (no shell, no package manager); user 65532 "nonroot".
FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /src/operator/target/operator.jar /app/operator.jar
USER 65532:65532
EXPOSE 8080
COPY operator/src/main/jib/app/jvm.options /app/jvm.options
# The JVM flags live in one file that Jib's image uses too; arguments of the pod spec are appended.
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/operator.jar"]
