{{/*
Names. Every object name starts with the release's full name, so two releases never share an
object: namespaced objects are `<fullname>-<suffix>`, cluster-scoped ones (which two releases of
the same name in different namespaces would share) `<namespace>-<fullname>-<suffix>`. A name over
63 characters is cut and ends in a hash of the whole name, so cutting never makes two names equal.
*/}}
{{- define "kubernetes-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubernetes-agent.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- include "kubernetes-agent.fit" .Values.fullnameOverride -}}
{{- else -}}
{{- include "kubernetes-agent.fit" (printf "%s-%s" .Release.Name (default .Chart.Name .Values.nameOverride)) -}}
{{- end -}}
{{- end -}}

{{/* A name of at most 63 characters; a longer one is cut and made unique again by a hash. */}}
{{- define "kubernetes-agent.fit" -}}
{{- if le (len .) 63 -}}
{{- . -}}
{{- else -}}
{{- printf "%s-%s" (trunc 54 . | trimSuffix "-") (sha256sum . | trunc 8) -}}
{{- end -}}
{{- end -}}

{{/* Namespaced object name: (list $ "suffix") */}}
{{- define "kubernetes-agent.scoped" -}}
{{- $ctx := index . 0 -}}
{{- include "kubernetes-agent.fit" (printf "%s-%s" (include "kubernetes-agent.fullname" $ctx) (index . 1)) -}}
{{- end -}}

{{/* Cluster-scoped object name, with the namespace in it: (list $ "suffix") */}}
{{- define "kubernetes-agent.clusterScoped" -}}
{{- $ctx := index . 0 -}}
{{- include "kubernetes-agent.fit" (printf "%s-%s-%s" (default "default" $ctx.Release.Namespace) (include "kubernetes-agent.fullname" $ctx) (index . 1)) -}}
{{- end -}}

{{- define "kubernetes-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubernetes-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubernetes-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubernetes-agent.labels" -}}
helm.sh/chart: {{ include "kubernetes-agent.chart" . }}
{{ include "kubernetes-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Service accounts */}}
{{- define "kubernetes-agent.agentServiceAccount" -}}
{{- default (include "kubernetes-agent.scoped" (list . "agent")) .Values.agent.serviceAccount.name -}}
{{- end -}}

{{- define "kubernetes-agent.scriptServiceAccount" -}}
{{- default (include "kubernetes-agent.scoped" (list . "scripts")) .Values.scriptPods.serviceAccount.name -}}
{{- end -}}

{{- define "kubernetes-agent.upgraderServiceAccount" -}}
{{- include "kubernetes-agent.scoped" (list . "upgrader") -}}
{{- end -}}

{{/*
Registration values: this chart's v1 names first, the official v2/v3 names
(agent.name, agent.deploymentTarget.initial.*) when those are empty.
*/}}
{{- define "kubernetes-agent.targetName" -}}
{{- default .Values.agent.name .Values.agent.targetName -}}
{{- end -}}

{{- define "kubernetes-agent.initial" -}}
{{- $initial := .Values.agent.deploymentTarget.initial -}}
{{- $agent := .Values.agent -}}
environments: {{ default $initial.environments $agent.targetEnvironments | toJson }}
tags: {{ default $initial.tags $agent.targetRoles | toJson }}
tenants: {{ default $initial.tenants $agent.tenants | toJson }}
tenantTags: {{ default $initial.tenantTags $agent.tenantTags | toJson }}
participation: {{ default $initial.tenantedDeploymentParticipation $agent.tenantedDeploymentParticipation | default "Untenanted" | toJson }}
defaultNamespace: {{ default $initial.defaultNamespace $agent.defaultNamespace | toJson }}
{{- end -}}

{{/* Storage: "nfs" (no class and no access modes given) or "claim" */}}
{{- define "kubernetes-agent.storageMode" -}}
{{- if or .Values.persistence.storageClassName .Values.persistence.accessModes .Values.persistence.volumeName -}}
claim
{{- else -}}
nfs
{{- end -}}
{{- end -}}

{{- define "kubernetes-agent.accessModes" -}}
{{- if eq (include "kubernetes-agent.storageMode" .) "nfs" -}}
["ReadWriteMany"]
{{- else -}}
{{- default (list "ReadWriteMany") .Values.persistence.accessModes | toJson -}}
{{- end -}}
{{- end -}}

{{- define "kubernetes-agent.stateSecret" -}}
{{- include "kubernetes-agent.scoped" (list . "state") -}}
{{- end -}}

{{- define "kubernetes-agent.claimName" -}}
{{- include "kubernetes-agent.scoped" (list . "home") -}}
{{- end -}}

{{/* The namespaces script pods get edit rights in: the release's, the default one, the targets. */}}
{{- define "kubernetes-agent.scriptNamespaces" -}}
{{- $initial := include "kubernetes-agent.initial" . | fromYaml -}}
{{- $namespaces := list .Release.Namespace -}}
{{- if $initial.defaultNamespace -}}
{{- $namespaces = append $namespaces $initial.defaultNamespace -}}
{{- end -}}
{{- $namespaces = concat $namespaces .Values.scriptPods.serviceAccount.targetNamespaces -}}
{{- $namespaces | uniq | toJson -}}
{{- end -}}

{{/* Secrets */}}
{{- define "kubernetes-agent.authSecret" -}}
{{- include "kubernetes-agent.scoped" (list . "server-auth") -}}
{{- end -}}

{{- define "kubernetes-agent.serverCertificateConfigMap" -}}
{{- include "kubernetes-agent.scoped" (list . "server-certificate") -}}
{{- end -}}

{{- define "kubernetes-agent.image" -}}
{{- printf "%s:%s" .Values.agent.image.repository (default .Chart.AppVersion .Values.agent.image.tag) -}}
{{- end -}}

{{/* Pod security context of every pod the chart runs: the restricted Pod Security Standard. */}}
{{- define "kubernetes-agent.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "kubernetes-agent.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Image pull secrets of script pods: the chart-wide ones and the script pods' own. */}}
{{- define "kubernetes-agent.scriptPullSecretNames" -}}
{{- $names := list -}}
{{- range (concat .Values.imagePullSecrets .Values.scriptPods.imagePullSecrets) -}}
{{- $names = append $names .name -}}
{{- end -}}
{{- $names | uniq | join "," -}}
{{- end -}}
