#!/usr/bin/env bash
# A real Keystone (Debian 12's python3-keystone under uwsgi) on loopback for the API
# tests, after ../shared/reference/keystone-tempest.md (keystone-up.sh and
# keystone-accounts.sh there):
#   keystone.sh up DIR     Keystone on a free port with its own SQLite database in DIR;
#                          projects project-a and project-b, users primary (member of
#                          project-a), alt (member of project-b), reader (reader of
#                          project-a), the service user dnsctl (service and admin of
#                          project service), and the dns service in the catalog at a
#                          free port for `dnsctl api`. Writes DIR/env (KP KS DNS_PORT).
#   keystone.sh down DIR   stops it (by its pid).
# Exits 77 when python3-keystone or uwsgi is not installed (make deps installs them).
set -euo pipefail
cmd=$1
T=$2
if [ "$cmd" = down ]; then
  if [ -s "$T/uwsgi.pid" ]; then
    P=$(cat "$T/uwsgi.pid")
    kill -TERM "$P" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$P" 2>/dev/null || true
  fi
  exit 0
fi
command -v keystone-manage >/dev/null && command -v uwsgi >/dev/null || exit 77
freeport() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
KP=$(freeport)
DNS_PORT=$(freeport)
KS=http://127.0.0.1:$KP/v3
mkdir -p "$T/fernet-keys" "$T/credential-keys"
cat > "$T/keystone.conf" <<CONF
[DEFAULT]
log_file = $T/keystone.log
use_stderr = false
[database]
connection = sqlite:///$T/keystone.db
[token]
provider = fernet
expiration = 7200
[fernet_tokens]
key_repository = $T/fernet-keys
[fernet_receipts]
key_repository = $T/fernet-keys
[credential]
key_repository = $T/credential-keys
[identity]
# bcrypt cost 4: each password check about 10 ms instead of 300 ms (tests only)
password_hash_rounds = 4
[cache]
enabled = true
backend = dogpile.cache.memory
CONF
KM() { keystone-manage --config-file "$T/keystone.conf" "$@" >>"$T/keystone-manage.log" 2>&1 ||
       { tail -20 "$T/keystone-manage.log"; exit 1; }; }
KM db_sync
KM fernet_setup --keystone-user root --keystone-group root
KM credential_setup --keystone-user root --keystone-group root
KM bootstrap --bootstrap-password admin-secret \
  --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
  --bootstrap-region-id RegionOne \
  --bootstrap-public-url "$KS/" --bootstrap-internal-url "$KS/" --bootstrap-admin-url "$KS/"
# One process, one thread: SQLite with two threads ended in "database is locked".
uwsgi --plugins python3 --http-socket "127.0.0.1:$KP" \
  --wsgi-file /usr/bin/keystone-wsgi-public \
  --env "OS_KEYSTONE_CONFIG_FILES=$T/keystone.conf" \
  --master --die-on-term --processes 1 --threads 1 \
  --need-app --buffer-size 65535 --add-header "Connection: close" --logto "$T/uwsgi.log" &
echo $! > "$T/uwsgi.pid"
for _ in $(seq 1 300); do curl -sf -o /dev/null "$KS" && break; sleep 0.1; done
curl -sf -o /dev/null "$KS" || { echo "keystone did not come up"; tail -30 "$T/uwsgi.log"; exit 1; }
DNS_URL=http://127.0.0.1:$DNS_PORT/
# One openstack process reading the commands from standard input (cliff's interactive
# mode): 2-3 s instead of 20.
HOME=$T OS_AUTH_URL=$KS OS_IDENTITY_API_VERSION=3 OS_USERNAME=admin OS_PASSWORD=admin-secret \
  OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
  OS_REGION_NAME=RegionOne openstack <<CMDS >"$T/accounts.log" 2>&1
role create --or-show reader
role create --or-show member
role create --or-show service
project create --or-show --domain Default project-a
project create --or-show --domain Default project-b
project create --or-show --domain Default service
user create --or-show --domain Default --password primary-secret primary
user create --or-show --domain Default --password alt-secret alt
user create --or-show --domain Default --password reader-secret reader
user create --or-show --domain Default --password dnsctl-secret dnsctl
role add --project project-a --user primary member
role add --project project-b --user alt member
role add --project project-a --user reader reader
role add --project service --user dnsctl service
role add --project service --user dnsctl admin
service create --name designate --description DNS dns
endpoint create --region RegionOne designate public $DNS_URL
endpoint create --region RegionOne designate internal $DNS_URL
endpoint create --region RegionOne designate admin $DNS_URL
CMDS
if grep -iE "error|exception|fail" "$T/accounts.log"; then exit 1; fi
echo "KP=$KP KS=$KS DNS_PORT=$DNS_PORT" > "$T/env"
