#!/bin/sh
# k8s-agent script runner. Runs one task's script inside its script pod and writes every line the
# script prints to <workspace>/output.log, numbered across stdout and stderr:
#
#   <ISO-8601 UTC timestamp>|<line number>|<stdout|stderr|debug>|<text>
#
# and, last, a debug line whose text is the end marker followed by the exit code. The agent reads
# that file from the shared volume; nothing the script prints goes to this pod's own log.
#
# usage: sh k8s-agent-runner.sh <workspace> <bash|pwsh> <script> [arguments...]
# POSIX sh and awk only: it must work in any image (dash, busybox, bash).

set -u

if [ "$#" -lt 3 ]; then
  echo "k8s-agent runner: usage: k8s-agent-runner.sh <workspace> <bash|pwsh> <script> [arguments...]" >&2
  exit 64
fi

workspace=$1
shell=$2
script=$3
shift 3

output="$workspace/output.log"
exit_file="$workspace/.script-exit-code"
marker='EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>'

# mawk reads pipes in large blocks unless told to work line by line; other awks stream already.
awk_streaming() {
  if awk -W version 2> /dev/null | grep -q mawk; then
    awk -W interactive "$@"
  else
    awk "$@"
  fi
}

if [ -f "$output" ] && grep -q "|debug|$marker" "$output"; then
  # This task already finished (the pod's container was started again): never run a script twice.
  code=$(grep "|debug|$marker" "$output" | tail -n 1 | sed "s/.*<<>>//")
  echo "k8s-agent runner: task in $workspace already finished with exit code $code; not running it again"
  exit "$code"
fi

# Continue numbering after any lines a previous start of this container wrote, and make sure a
# line torn by a crash does not swallow the next one.
first=1
if [ -s "$output" ]; then
  if [ "$(tail -c 1 "$output" | od -An -c | tr -d ' ')" != '\n' ]; then
    printf '\n' >> "$output"
  fi
  last=$(awk -F'|' '$2 ~ /^[0-9]+$/ { n = $2 } END { print n + 0 }' "$output")
  first=$((last + 1))
fi

rm -f "$exit_file"
echo "k8s-agent runner: starting task in $workspace"

run_script() {
  cd "$workspace" || { echo "The workspace $workspace cannot be entered" >&2; return 1; }
  case $shell in
    bash)
      if command -v bash > /dev/null 2>&1; then
        bash "$script" "$@"
      else
        echo "This image has no bash: run Bash steps in an image that has it" >&2
        return 127
      fi
      ;;
    pwsh)
      if command -v pwsh > /dev/null 2>&1; then
        pwsh -NoLogo -NonInteractive -NoProfile -ExecutionPolicy Unrestricted -File "$script" "$@"
      else
        echo "This is a PowerShell script, but the image has no pwsh: use an image with PowerShell or write the step in Bash" >&2
        return 127
      fi
      ;;
    *)
      echo "Unknown script shell '$shell' (expected bash or pwsh)" >&2
      return 64
      ;;
  esac
}

tag() {
  # The two taggers share one pipe, so every line must leave in one write of at most PIPE_BUF
  # (4096) bytes to stay whole: an unbuffered awk writes each piece of a print or of a printf
  # format separately, so the line is built first and written with a bare "%s". Longer lines are
  # passed on in 4000-byte parts, each a line of its own.
  awk_streaming -v source="$1" '{
    s = $0
    while (length(s) > 4000) {
      printf "%s", source "|" substr(s, 1, 4000) "\n"; fflush()
      s = substr(s, 4001)
    }
    printf "%s", source "|" s "\n"; fflush()
  }'
}

# stdout and stderr are tagged separately, then numbered together in the order they arrive.
{
  {
    { run_script "$@" < /dev/null; echo $? > "$exit_file"; } | tag stdout
  } 2>&1 1>&3 | tag stderr
} 3>&1 | awk_streaming -v first="$first" -v exit_file="$exit_file" -v marker="$marker" '
  function now(   t) { srand(); t = srand(); return t }
  function iso(t,   d, s, z, era, doe, yoe, y, doy, mp, day, m) {
    d = int(t / 86400); s = t - d * 86400
    z = d + 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); day = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    return sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, day, int(s / 3600), int((s % 3600) / 60), s % 60)
  }
  BEGIN { n = first - 1 }
  {
    bar = index($0, "|")
    printf "%s|%d|%s|%s\n", iso(now()), ++n, substr($0, 1, bar - 1), substr($0, bar + 1)
    fflush()
  }
  END {
    code = ""
    if ((getline code < exit_file) <= 0 || code !~ /^-?[0-9]+$/) code = -46
    printf "%s|%d|debug|%s%s\n", iso(now()), ++n, marker, code
    fflush()
  }' >> "$output"

code=$(cat "$exit_file" 2> /dev/null || echo 1)
echo "k8s-agent runner: task in $workspace finished with exit code $code"
exit "$code"
