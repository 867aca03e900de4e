#!/bin/sh
# Installs the Babel Bridge configuration over the package defaults, fills in the ARI password
# from the environment, then runs Asterisk in the foreground.
set -eu

if [ -z "${ARI_PASSWORD:-}" ]; then
  echo "ARI_PASSWORD is not set: set it in the environment (docker-compose.yml reads it from .env)" >&2
  exit 1
fi

for f in /etc/babel-bridge-asterisk/*.conf; do
  cp "$f" /etc/asterisk/
done
escaped=$(printf '%s' "$ARI_PASSWORD" | sed 's/[\/&|]/\\&/g')
sed -i "s|@ARI_PASSWORD@|${escaped}|" /etc/asterisk/ari.conf

mkdir -p /var/lib/asterisk /var/spool/asterisk /var/log/asterisk /var/run/asterisk
chown -R asterisk:asterisk /var/lib/asterisk /var/spool/asterisk /var/log/asterisk /var/run/asterisk

exec "$@"
