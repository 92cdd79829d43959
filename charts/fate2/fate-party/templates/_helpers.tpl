{{/*
Helpers of the fate-party chart (FATE 2.2 line). Shared helpers are in templates/_common.tpl
(every line) and templates/_osx.tpl (both FATE 2.2 charts), copied in by the generator; here is
what only this chart needs, and its fate.partyId. Every define is namespaced "fate.".
*/}}

{{/*
fate.partyId: the FATE party id of this release (always a string of digits).
Usage: {{ include "fate.partyId" . }}
Params: the root context.
*/}}
{{- define "fate.partyId" -}}
{{- .Values.partyId | toString -}}
{{- end -}}

{{/*
fate.waitFor: an init container that blocks until every host:port target accepts TCP
connections, logging each attempt. It runs bash (/dev/tcp) and coreutils timeout in the given
image: the eggroll and fateflow images are CentOS 7 with both (charts/images.yaml).
Usage: {{- include "fate.waitFor" (dict "ctx" $ "name" "mysql" "image" $image "targets" (list "mysql:3306") "resources" .Values.fateflow.resources) | nindent 8 }}
Params:
  ctx       (root context, required)
  name      (string, required) suffix of the init container name: wait-for-<name>
  image     (string, required) an image with bash and timeout
  targets   (list of "host:port" strings, required)
  resources (map, required; may be empty) the pod's main container resources, so the init
            container never raises the pod's effective request
*/}}
{{- define "fate.waitFor" -}}
- name: wait-for-{{ .name }}
  image: {{ .image | quote }}
  imagePullPolicy: {{ .ctx.Values.image.pullPolicy }}
  command:
    - bash
    - -c
    - |
      for target in "$@"; do
        host="${target%:*}"
        port="${target##*:}"
        until timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; do
          echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') wait-for: ${host}:${port} is not reachable yet, retrying in 3s"
          sleep 3
        done
        echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') wait-for: ${host}:${port} is reachable"
      done
    - wait-for
    {{- range .targets }}
    - {{ . | quote }}
    {{- end }}
  {{- with include "fate.resources" .resources }}{{ . | nindent 2 }}{{ end }}
  {{- include "fate.containerSecurityContext" . | nindent 2 }}
{{- end -}}

{{/*
fate.eggrollStart: the script the eggroll containers run (bash, under the image's tini): it
writes eggroll.properties from the ConfigMap's copy plus the lines only known at start, then
execs the JVM. The file goes where eggroll reads it by default (conf/ of its WORKDIR), beside
the image's log4j2.xml and node-extend-env.properties; its path is also what the nodemanager
hands its egg_pair processes (--config).
Usage: {{- include "fate.eggrollStart" (dict "module" "clustermanager" "port" 4670) | nindent 12 }}
Params:
  module (string, required) clustermanager or nodemanager
  port   (number, required) its port
*/}}
{{- define "fate.eggrollStart" -}}
set -eu
umask 077
conf=/data/projects/fate/eggroll/conf/eggroll.properties
{
  cat /etc/fate/eggroll/eggroll.properties
{{- if eq .module "clustermanager" }}
  # printf is a bash builtin: the password never appears in a process list. Java properties
  # treat a backslash as an escape, so it is doubled.
  printf 'eggroll.resourcemanager.clustermanager.jdbc.password=%s\n' "${MYSQL_PASSWORD//\\/\\\\}"
{{- else }}
  # The nodemanager advertises this address to the clustermanager and egg_pair clients.
  printf 'eggroll.resourcemanager.nodemanager.host=%s\n' "$POD_IP"
{{- end }}
} > "$conf"
echo "{{ .module }}: wrote $conf"
cd /data/projects/fate/eggroll
exec java -server -Dlog4j.configurationFile=/data/projects/fate/eggroll/conf/log4j2.xml -Dmodule={{ .module }} \
  -cp '/data/projects/fate/eggroll/lib/*' org.fedai.eggroll.{{ .module }}.Bootstrap \
  -c "$conf" -p {{ .port }} -s EGGROLL_DAEMON
{{- end -}}

{{/*
fate.validateValues: checks what the schema cannot express and fails once with every problem.
Usage: {{ include "fate.validateValues" . }}
Params: the root context.
*/}}
{{- define "fate.validateValues" -}}
{{- $msgs := list -}}
{{- $v := .Values -}}
{{- $party := toString $v.partyId -}}
{{- $own := index $v.osx.routeTable $party -}}
{{- if not $own -}}
{{- $msgs = append $msgs (printf "osx.routeTable: needs an entry for the own party %q (role fateflow)" $party) -}}
{{- else if not (hasKey $own "fateflow") -}}
{{- $msgs = append $msgs (printf "osx.routeTable.%s: needs the role fateflow (fateflow:9360)" $party) -}}
{{- end -}}
{{- if not (has $party $v.osx.selfParty) -}}
{{- $msgs = append $msgs (printf "osx.selfParty: must hold the party id %q (OSX keeps the messages of its self_party)" $party) -}}
{{- end -}}
{{- $names := list -}}
{{- range $v.nodemanagers -}}
{{- if has .name $names -}}
{{- $msgs = append $msgs (printf "nodemanagers: the name %q is used twice" .name) -}}
{{- end -}}
{{- $names = append $names .name -}}
{{- end -}}
{{- if eq $v.mysql.user "root" -}}
{{- $msgs = append $msgs "mysql.user: must not be root (the mysql image creates this user for the FATE database)" -}}
{{- end -}}
{{- $type := $v.persistence.type -}}
{{- if and (eq $type "nfs") (or (not $v.persistence.nfs.server) (not $v.persistence.nfs.path)) -}}
{{- $msgs = append $msgs "persistence.nfs: server and path are required when persistence.type is nfs" -}}
{{- end -}}
{{- if and (eq $type "existingClaim") (not $v.persistence.existingClaim) -}}
{{- $msgs = append $msgs "persistence.existingClaim: required when persistence.type is existingClaim" -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.host) -}}
{{- $msgs = append $msgs "ingress.host: required when ingress.enabled is true" -}}
{{- end -}}
{{- if not $v.credentials.existingSecret -}}
{{- range $key := list "mysqlRootPassword" "mysqlPassword" "fateboardPassword" -}}
{{- if not (index $v.credentials $key) -}}
{{- $msgs = append $msgs (printf "credentials.%s: required unless credentials.existingSecret is set" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if .Values.osx.tls.enabled -}}
{{- range $key := list "ca" "cert" "key" -}}
{{- if not (index $.Values.osx.tls $key) -}}
{{- $msgs = append $msgs (printf "osx.tls.%s: required when osx.tls.enabled is true (PEM)" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range splitList "\n" (include "fate.heapProblems" (list (list "osx" $v.osx) (list "clustermanager" $v.clustermanager) (list "nodemanager" $v.nodemanager) (list "fateboard" $v.fateboard))) -}}
{{- if . -}}
{{- $msgs = append $msgs . -}}
{{- end -}}
{{- end -}}
{{- if $msgs -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s\n" (join "\n  - " $msgs)) -}}
{{- end -}}
{{- end -}}
