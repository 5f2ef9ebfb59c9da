# Sourced by scripts/test and .ci/run: brings what vigie's tests need onto a Debian
# machine, or says in one message what is missing. When run as root (or with sudo) it
# installs the missing Debian packages and starts PostgreSQL and MariaDB when none answers;
# otherwise it lists the packages and the command to install them, and stops.
#
# What the tests need beyond Rust:
#   cc                      blake3's SIMD code and the bundled SQLite are C
#   python3-aiosmtpd        the real SMTP server the notification tests start
#   openssl                 the certificates of that server
#   pdftotext               reads the letters back (poppler-utils)
#   chromium, node, npm     the browser tests (Playwright's core, from package-lock.json)
#   PostgreSQL, MariaDB     the register's and the in-place scan's tests, on 127.0.0.1
#                           (VIGIE_TEST_POSTGRES / VIGIE_TEST_MYSQL name other servers)

vigie_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

vigie_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

vigie_missing=()
command -v cc >/dev/null 2>&1 || vigie_missing+=(build-essential)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || vigie_missing+=(python3 python3-aiosmtpd)
command -v openssl >/dev/null 2>&1 || vigie_missing+=(openssl)
command -v pdftotext >/dev/null 2>&1 || vigie_missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || vigie_missing+=(chromium)
command -v node >/dev/null 2>&1 || vigie_missing+=(nodejs)
command -v npm >/dev/null 2>&1 || vigie_missing+=(npm)
vigie_postgres=${VIGIE_TEST_POSTGRES:-}
vigie_mysql=${VIGIE_TEST_MYSQL:-}
if [ -z "$vigie_postgres" ] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null 2>&1 || vigie_missing+=(postgresql)
  vigie_start_postgres=1
fi
if [ -z "$vigie_mysql" ] && ! (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; then
  command -v mariadb >/dev/null 2>&1 || vigie_missing+=(mariadb-server)
  vigie_start_mysql=1
fi

if [ ${#vigie_missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && vigie_as_root true; then
    echo "vigie tests: installing ${vigie_missing[*]}" >&2
    vigie_as_root apt-get update -q >&2
    vigie_as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "${vigie_missing[@]}" >&2
  else
    echo "vigie tests: missing ${vigie_missing[*]}." >&2
    echo "  On Debian, as root: apt-get install --no-install-recommends ${vigie_missing[*]}" >&2
    if [ -n "${vigie_start_postgres:-}${vigie_start_mysql:-}" ]; then
      echo "  (or set VIGIE_TEST_POSTGRES / VIGIE_TEST_MYSQL to servers of your own)" >&2
    fi
    return 1 2>/dev/null || exit 1
  fi
fi

# The browser driver and the accessibility checker, pinned by package-lock.json (no
# browser is downloaded); installed again when the lock changed.
vigie_e2e="$vigie_root/crates/vigie/tests/e2e"
if [ ! -f "$vigie_e2e/node_modules/.package-lock.json" ] \
  || [ "$vigie_e2e/package-lock.json" -nt "$vigie_e2e/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$vigie_e2e" --no-audit --no-fund >&2
fi
# rustfmt and clippy, if the toolchain came without them.
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

if [ -n "${vigie_start_postgres:-}" ]; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  vigie_as_root pg_ctlcluster "$version" main start
  for _ in $(seq 30); do (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && break; sleep 1; done
  vigie_as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'vigie-test'\""
  vigie_as_root su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb test"
  export VIGIE_TEST_POSTGRES="postgres://postgres:vigie-test@127.0.0.1:5432/test"
fi
if [ -n "${vigie_start_mysql:-}" ]; then
  (vigie_as_root service mariadb start || vigie_as_root service mysql start \
    || (vigie_as_root mysqld_safe >/dev/null 2>&1 &)) >/dev/null 2>&1 || true
  for _ in $(seq 60); do (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null && break; sleep 1; done
  vigie_as_root mariadb -e "CREATE USER IF NOT EXISTS 'vigie'@'%' IDENTIFIED BY 'vigie-test'; GRANT ALL ON *.* TO 'vigie'@'%'; CREATE DATABASE IF NOT EXISTS test"
  export VIGIE_TEST_MYSQL="mysql://vigie:vigie-test@127.0.0.1:3306/test"
fi
