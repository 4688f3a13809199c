# Sourced by ./mvnw and .ci/run: makes JAVA_HOME point at a JDK 25 or newer.
# Order: JAVA_HOME if it already is 25+, then the JDKs installed in the usual system locations.
tossbill_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
tossbill_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(tossbill_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(tossbill_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
if found=$(tossbill_find_jdk); then
  export JAVA_HOME="$found"
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "tossbill: no JDK 25 found. Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
unset found
