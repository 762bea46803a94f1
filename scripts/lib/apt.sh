# Sourced by scripts/services.sh and scripts/keycloak.sh: installs Debian packages that are missing,
# as root or through sudo, updating the package lists at most once per run. Callers set
# APT_LOG_PREFIX to name themselves in the one line printed (on stderr) per install.

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
ensure_packages() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  echo "${APT_LOG_PREFIX:-apt}: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
