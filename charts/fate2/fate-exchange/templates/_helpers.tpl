{{/*
Helpers of the fate-exchange chart (FATE 2.2 line). Shared helpers are in templates/_common.tpl
(every line) and templates/_osx.tpl (both FATE 2.2 charts), copied in by the generator; here is
what only this chart needs, and its fate.partyId. Every define is namespaced "fate.".
*/}}

{{/*
fate.partyId: what the exchange's OSX serves itself: its self_party, "default" (no party's id).
Usage: {{ include "fate.partyId" . }}
Params: the root context.
*/}}
{{- define "fate.partyId" -}}
{{- first .Values.osx.selfParty | toString -}}
{{- end -}}

{{/*
fate.validateValues: checks what the schema cannot express and fails once with every problem.
Usage: {{ include "fate.validateValues" . }}
Params: the root context.
*/}}
{{- define "fate.validateValues" -}}
{{- $msgs := list -}}
{{- $parties := list -}}
{{- range $dest, $roles := .Values.osx.routeTable -}}
{{- if ne $dest "default" -}}
{{- $parties = append $parties $dest -}}
{{- end -}}
{{- end -}}
{{- if not $parties -}}
{{- $msgs = append $msgs "osx.routeTable: needs an entry per party (party id -> default -> the party OSX's node IP and NodePort)" -}}
{{- end -}}
{{- if hasKey .Values.osx.routeTable "default" -}}
{{- $msgs = append $msgs "osx.routeTable: the exchange must not have a default route (an unknown party would loop)" -}}
{{- end -}}
{{- range .Values.osx.selfParty -}}
{{- if has (toString .) $parties -}}
{{- $msgs = append $msgs (printf "osx.selfParty: %q is also a party in osx.routeTable; the exchange would keep that party's messages" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- if .Values.osx.tls.enabled -}}
{{- range $key := list "ca" "cert" "key" -}}
{{- if not (index $.Values.osx.tls $key) -}}
{{- $msgs = append $msgs (printf "osx.tls.%s: required when osx.tls.enabled is true (PEM)" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range splitList "\n" (include "fate.heapProblems" (list (list "osx" .Values.osx))) -}}
{{- if . -}}
{{- $msgs = append $msgs . -}}
{{- end -}}
{{- end -}}
{{- if $msgs -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s\n" (join "\n  - " $msgs)) -}}
{{- end -}}
{{- end -}}
