#!/usr/bin/env bash
# Builds vigie's Debian package into target/debian/: the binary (with PostgreSQL), man
# pages and shell completions generated from --help, a `vigie` system user, the register
# under /var/lib/vigie (0700) and its key under /etc/vigie, a hardened systemd unit for
# `vigie serve`, and sample nginx and Caddy configurations for TLS in front of it.
#   scripts/deb.sh            a release build
#   scripts/deb.sh --check    then unpack it into a scratch root and check what it holds
# VIGIE_DEB_PROFILE=dev builds quickly (CI checks the package's contents with it).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${VIGIE_DEB_PROFILE:-release}
# The whole workspace with every feature: what the tests built, so CI reuses it.
cargo build -q --profile "$profile" --workspace --all-features --bins
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
binary="target/$dir/vigie"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install -D -m 0755 "$binary" "$root/usr/bin/vigie"
"$binary" generate --man "$root/usr/share/man/man1" --completions "$root/completions"
gzip -9n "$root"/usr/share/man/man1/*.1
install -D -m 0644 "$root/completions/vigie.bash" "$root/usr/share/bash-completion/completions/vigie"
install -D -m 0644 "$root/completions/_vigie" "$root/usr/share/zsh/vendor-completions/_vigie"
install -D -m 0644 "$root/completions/vigie.fish" "$root/usr/share/fish/vendor_completions.d/vigie.fish"
rm -r "$root/completions"
install -D -m 0644 packaging/debian/vigie.service "$root/lib/systemd/system/vigie.service"
install -D -m 0640 packaging/debian/vigie.env "$root/etc/vigie/vigie.env"
install -D -m 0644 README.md "$root/usr/share/doc/vigie/README.md"
install -D -m 0644 packaging/proxy/nginx.conf "$root/usr/share/doc/vigie/examples/nginx.conf"
install -D -m 0644 packaging/proxy/Caddyfile "$root/usr/share/doc/vigie/examples/Caddyfile"
cat > "$root/usr/share/doc/vigie/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: vigie
License: AGPL-3.0-or-later
Comment: the reference data shipped inside the binary (ICD-10 labels, name lists,
 medicine and lab-act lists) carry their own licences, listed in the source repository.
COPYRIGHT
install -D -m 0755 packaging/debian/postinst "$root/DEBIAN/postinst"
echo "/etc/vigie/vigie.env" > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: vigie
Version: $version
Architecture: $arch
Maintainer: vigie developers <dpo@labo.example>
Installed-Size: $size
Depends: libc6 (>= 2.36), adduser
Section: admin
Priority: optional
Description: breach response for health-data controllers
 Finds exposed personal and health data, links a leaked file to the patient
 registry, keeps the breach register with its deadlines, drafts the notifications
 and sends each patient a notice, and serves the DPO's dashboard and the patients'
 self-check page.
CONTROL
mkdir -p target/debian
deb="target/debian/vigie_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"

if [ "${1:-}" = --check ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$root" "$scratch"' EXIT
  dpkg-deb -x "$deb" "$scratch"
  dpkg-deb -e "$deb" "$scratch/DEBIAN"
  for f in usr/bin/vigie usr/share/man/man1/vigie.1.gz usr/share/man/man1/vigie-serve.1.gz \
    usr/share/bash-completion/completions/vigie lib/systemd/system/vigie.service \
    etc/vigie/vigie.env usr/share/doc/vigie/examples/nginx.conf DEBIAN/postinst; do
    [ -e "$scratch/$f" ] || { echo "the package lacks $f" >&2; exit 1; }
  done
  "$scratch/usr/bin/vigie" --version >/dev/null
  grep -q '^ProtectSystem=strict' "$scratch/lib/systemd/system/vigie.service"
  grep -q '^StateDirectoryMode=0700' "$scratch/lib/systemd/system/vigie.service"
  zcat "$scratch/usr/share/man/man1/vigie-scan.1.gz" | grep -q 'personal and health data'
  [ "$(stat -c %a "$scratch/etc/vigie/vigie.env")" = 640 ]
  if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify --man=no "$scratch/lib/systemd/system/vigie.service" 2>&1 \
      | grep -v 'vigie.service: Command /usr/bin/vigie' | grep -i 'error' && exit 1
  fi
  echo "package checked: $(dpkg-deb -c "$deb" | wc -l) entries"
fi
