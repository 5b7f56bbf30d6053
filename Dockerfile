# One build, three images: docker compose picks each by its target.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests package
# each side runs extracted (its classes beside its libraries, read without nested jars), as the suites run it
RUN for side in command-side query-side; do \
        java -Djarmode=tools -jar $side/target/$side-*.jar extract --destination /out/$side \
            --application-filename marketflow.jar; \
    done

FROM eclipse-temurin:17-jre AS command-side
COPY --from=build /out/command-side /app
EXPOSE 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/marketflow.jar"]

FROM eclipse-temurin:17-jre AS query-side
COPY --from=build /out/query-side /app
EXPOSE 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/marketflow.jar"]

# Development only: in production the sides trust a real identity provider instead.
FROM eclipse-temurin:17-jre AS token-issuer
COPY --from=build /src/dev-stack/target/marketflow-dev-stack-exec.jar /app/dev-stack.jar
EXPOSE 9000
ENTRYPOINT ["java", "-jar", "/app/dev-stack.jar", "issuer"]
