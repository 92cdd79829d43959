{{/*
Helpers of the fate-exchange chart (FATE 1.2/1.3 line). The helpers every chart shares (names, labels,
images, pod security, resources, probes, checksums, route tables, Java heap) are in
templates/_common.tpl, copied from charts/common/ by the generator; here is what only this chart
needs, and its fate.partyId. Every define is namespaced "fate.".
The templates also render with Helm 2 (Sprig 2): no lookup, get, dig or must* functions.
*/}}

{{/*
fate.partyId: the party id the exchange proxy uses for itself (proxy.coordinator, a string).
Usage: {{ include "fate.partyId" . }}
Params: the root context.
*/}}
{{- define "fate.partyId" -}}
{{- .Values.proxy.coordinator | toString -}}
{{- end -}}

{{/*
fate.validateValues: checks what the schema cannot express and fails once with every problem.
Usage: {{ include "fate.validateValues" . }}
Params: the root context.
*/}}
{{- define "fate.validateValues" -}}
{{- $msgs := list -}}
{{- $parties := list -}}
{{- range $dest, $roles := .Values.proxy.routeTable -}}
{{- if ne $dest "default" -}}
{{- $parties = append $parties $dest -}}
{{- end -}}
{{- end -}}
{{- if not $parties -}}
{{- $msgs = append $msgs "proxy.routeTable: needs an entry per party (party id -> default -> the party proxy's node IP and NodePort)" -}}
{{- end -}}
{{- if has (toString .Values.proxy.coordinator) $parties -}}
{{- $msgs = append $msgs (printf "proxy.coordinator: %q is also a party in proxy.routeTable; the exchange needs an id of its own" (toString .Values.proxy.coordinator)) -}}
{{- end -}}
{{- range splitList "\n" (include "fate.heapProblems" (list (list "proxy" .Values.proxy))) -}}
{{- if . -}}
{{- $msgs = append $msgs . -}}
{{- end -}}
{{- end -}}
{{- if $msgs -}}
{{- fail (printf "\n\nVALUES VALIDATION:\n  - %s\n" (join "\n  - " $msgs)) -}}
{{- end -}}
{{- end -}}
