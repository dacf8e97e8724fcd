#!/usr/bin/env bash
# The secured compose stack's one-shot `kafka-secrets` service (docker-compose.secure.yml): makes, once, into the
# directory it is given (the `kafka-secrets` volume), everything secret the stack needs, so nothing secret is in
# the repository:
#   ca.p12, ca.crt          a private CA (key and PEM certificate); clients trust ca.crt (ssl.truststore.type=PEM)
#   truststore.p12          the CA for the broker's own TLS listeners and the admin tools
#   kafka.p12               the broker's key and certificate (kafka, localhost, 127.0.0.1)
#   connect.p12             the clicks listener's key and certificate (connect, localhost), for HTTPS
#   admin.p12               the administrator's client certificate (CN=admin), for the broker's TLS listener
#   store.password          the password of every store above (the cp-kafka image reads it from this file)
#   admin.properties        the administrator's client settings (kafka-acls --command-config admin.properties)
#   users/<principal>       each SCRAM user's password (kafka-setup creates the users from these)
#   jaas/<principal>.conf   a KafkaClient JAAS section for each service that is one principal
#   kafka-clients.properties each connector's sasl.jaas.config, the listener's keystore password and token, read
#                           by the connector configs through Connect's FileConfigProvider
#   listener.token          the listener's token, for the simulator (--listener-token-file)
# Needs only bash, coreutils and the JDK's keytool. Running it again changes nothing.
# Usage: init.sh <dir> <principal>...
set -euo pipefail
out="$1"
shift
if [ -f "$out/.complete" ]; then
  echo "kafka secrets already made in $out"
  exit 0
fi
mkdir -p "$out/users" "$out/jaas"
cd "$out"

secret() {
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24
}

password="$(secret)"
printf '%s' "$password" > store.password
store() {
  keytool -storetype PKCS12 -storepass "$password" -keypass "$password" "$@" 2>&1 | grep -v '^Certificate .*added\|^$' || true
}

store -genkeypair -keystore ca.p12 -alias ca -dname "CN=Rivulet local CA" -keyalg RSA -keysize 2048 \
  -validity 825 -ext bc:c
store -exportcert -keystore ca.p12 -alias ca -rfc -file ca.crt
store -importcert -keystore truststore.p12 -alias ca -file ca.crt -noprompt

# certificate NAME SAN: a key pair for NAME signed by the CA, valid for the names in SAN, in NAME.p12 with the CA.
certificate() {
  local name="$1" san="$2"
  store -genkeypair -keystore "$name.p12" -alias "$name" -dname "CN=$name,OU=Rivulet" -keyalg RSA -keysize 2048 \
    -validity 825
  store -certreq -keystore "$name.p12" -alias "$name" -file "$name.csr"
  store -gencert -keystore ca.p12 -alias ca -infile "$name.csr" -outfile "$name.crt" -rfc -validity 825 \
    -ext "SAN=$san" -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth,clientAuth
  store -importcert -keystore "$name.p12" -alias ca -file ca.crt -noprompt
  store -importcert -keystore "$name.p12" -alias "$name" -file "$name.crt"
  rm -f "$name.csr" "$name.crt"
}
certificate kafka "dns:kafka,dns:localhost,ip:127.0.0.1"
certificate connect "dns:connect,dns:localhost,ip:127.0.0.1"
certificate admin "dns:admin"

cat > admin.properties <<PROPERTIES
security.protocol=SSL
ssl.keystore.location=$out/admin.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$password
ssl.key.password=$password
ssl.truststore.location=$out/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$password
PROPERTIES

{
  echo "# Kafka client secrets of the connectors' principals, read through Connect's FileConfigProvider"
  for user in "$@"; do
    secret > "users/$user"
    jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$(cat "users/$user")\";"
    printf 'KafkaClient {\n  %s\n};\n' "$jaas" > "jaas/$user.conf"
    echo "$user.sasl.jaas.config=$jaas"
  done
  echo "listener.keystore.password=$password"
  echo "listener.token=$(secret | tee listener.token)"
} > kafka-clients.properties

# The containers run as different users: the volume is theirs alone, mounted read-only where it is only read.
chmod 644 ./*.p12 ./*.crt ./*.properties store.password listener.token users/* jaas/*
touch .complete
echo "kafka secrets made in $out for: $*"
