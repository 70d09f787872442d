#!/usr/bin/env bash
# One-time build of the Neo4j test server launcher.
# Produces target/classes (Main.class) and target/classpath.txt (all dependency jars from ~/.m2).
# Afterwards start with:
#   java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" Main PORT DATADIR
# Re-running is cheap: Maven reuses the local repository (~/.m2 or $MAVEN_REPO_LOCAL).
set -euo pipefail
cd "$(dirname "$0")"

MVN_ARGS=(-q -B -Dstyle.color=never)
if [[ -n "${MAVEN_REPO_LOCAL:-}" ]]; then
  MVN_ARGS+=("-Dmaven.repo.local=${MAVEN_REPO_LOCAL}")
fi

command -v java >/dev/null || { echo "build.sh: java not found" >&2; exit 1; }
command -v mvn  >/dev/null || { echo "build.sh: mvn not found" >&2; exit 1; }

mkdir -p target
# Write to a temp file first so a half-finished build never leaves a truncated classpath.txt behind.
mvn "${MVN_ARGS[@]}" dependency:build-classpath -Dmdep.outputFile=target/classpath.txt.tmp
mvn "${MVN_ARGS[@]}" compile
mv target/classpath.txt.tmp target/classpath.txt
test -f target/classes/Main.class
echo "built: $(pwd)/target/classes + target/classpath.txt ($(tr ':' '\n' < target/classpath.txt | wc -l) jars)"
