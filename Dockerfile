# Builds the scorer from this repository; used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY build-tools build-tools
COPY schemas schemas
COPY src src
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/stream-scorer.jar /app/stream-scorer.jar
COPY --from=build /src/target/lib /app/lib
COPY config /app/config
RUN printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /app/stream-scorer.jar "$@"\n' > /usr/local/bin/scorer && chmod +x /usr/local/bin/scorer
ENTRYPOINT ["scorer"]
