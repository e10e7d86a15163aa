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
# POSIX sh and awk only: it must work in any image (dash, busybox, bash). Where perl is present it
# reads both streams in one place to keep their order (see multiplex_source).

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

# One reader for both streams: it waits on the two pipes together (select) and tags each line as it
# comes, so lines keep the order in which the script wrote them as far as the kernel tells (two
# taggers, one per stream, race each other and put back-to-back lines out of order). Lines are cut
# into 4000-byte parts as the taggers cut them, and a line without its newline at the end of a
# stream is kept. It needs perl with IO::Select (perl-base, in every Debian and Ubuntu image); an
# image without it gets the two taggers.
multiplex_source='
use strict;
use IO::Select;
open(my $out, "<", $ARGV[0]) or die "cannot open $ARGV[0]: $!";
open(my $err, "<", $ARGV[1]) or die "cannot open $ARGV[1]: $!";
binmode($_) for $out, $err, \*STDOUT;
$| = 1;
my %tag = (fileno($out) => "stdout", fileno($err) => "stderr");
my %pending = (fileno($out) => "", fileno($err) => "");
my $ready = IO::Select->new($out, $err);
sub emit {
  my ($tag, $line) = @_;
  while (length($line) > 4000) { print $tag, "|", substr($line, 0, 4000, ""), "\n"; }
  print $tag, "|", $line, "\n";
}
while ($ready->count) {
  for my $handle ($ready->can_read) {
    my $fd = fileno($handle);
    my $read = sysread($handle, my $chunk, 65536);
    if (!$read) {
      emit($tag{$fd}, $pending{$fd}) if length($pending{$fd});
      $ready->remove($handle);
      close($handle);
      next;
    }
    $pending{$fd} .= $chunk;
    while ((my $end = index($pending{$fd}, "\n")) >= 0) {
      my $line = substr($pending{$fd}, 0, $end + 1, "");
      chop($line);
      emit($tag{$fd}, $line);
    }
    emit($tag{$fd}, substr($pending{$fd}, 0, 4000, "")) while length($pending{$fd}) > 4000;
  }
}
'

can_multiplex() {
  command -v perl > /dev/null 2>&1 && perl -MIO::Select -e 1 > /dev/null 2>&1
}

# Numbers the tagged lines in the order they arrive, each with its time, then writes the end marker
# with the script's exit code.
number() {
  awk_streaming -v first="$first" -v exit_file="$exit_file" -v marker="$marker" '
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
  }'
}

pipes=""
if can_multiplex && pipes=$(mktemp -d 2> /dev/null) && mkfifo "$pipes/stdout" "$pipes/stderr"; then
  # Both ends of each pipe open in the same order (stdout, then stderr), or the two would wait on
  # each other for ever.
  {
    { run_script "$@" < /dev/null > "$pipes/stdout" 2> "$pipes/stderr"; echo $? > "$exit_file"; } &
    perl -e "$multiplex_source" "$pipes/stdout" "$pipes/stderr"
    wait
  } | number >> "$output"
  rm -rf "$pipes"
else
  [ -n "$pipes" ] && rm -rf "$pipes"
  # stdout and stderr are tagged separately, then numbered together in the order they arrive.
  {
    {
      { run_script "$@" < /dev/null; echo $? > "$exit_file"; } | tag stdout
    } 2>&1 1>&3 | tag stderr
  } 3>&1 | number >> "$output"
fi

code=$(cat "$exit_file" 2> /dev/null || echo 1)
echo "k8s-agent runner: task in $workspace finished with exit code $code"
exit "$code"
