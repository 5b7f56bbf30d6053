# One build, three images: docker compose picks each by its target.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre AS command-side
COPY --from=build /src/command-side/target/command-side-*.jar /app/marketflow.jar
EXPOSE 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/marketflow.jar"]

FROM eclipse-temurin:17-jre AS query-side
COPY --from=build /src/query-side/target/query-side-*.jar /app/marketflow.jar
EXPOSE 8082
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/marketflow.jar"]

# Development only: in production the sides trust a real identity provider instead.
FROM eclipse-temurin:17-jre AS token-issuer
COPY --from=build /src/dev-stack/target/marketflow-dev-stack-exec.jar /app/dev-stack.jar
EXPOSE 9000
ENTRYPOINT ["java", "-jar", "/app/dev-stack.jar", "issuer"]
