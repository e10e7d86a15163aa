package dev.k8sagent.adapters.octopus.halibut.service;

/**
 * The wire names of one version of the script service: its command and result types, and the member
 * that holds the ticket in status, cancel and complete commands and in the status result ({@code
 * ScriptTicket} for Kubernetes V1, {@code Ticket} for V2). Start commands of both name it {@code
 * ScriptTicket}.
 */
record ScriptContract(
    String startCommand,
    String statusRequest,
    String cancelCommand,
    String completeCommand,
    String statusResponse,
    String ticketMember) {
  static final ScriptContract KUBERNETES_V1 =
      new ScriptContract(
          "StartKubernetesScriptCommandV1",
          "KubernetesScriptStatusRequestV1",
          "CancelKubernetesScriptCommandV1",
          "CompleteKubernetesScriptCommandV1",
          "KubernetesScriptStatusResponseV1",
          "ScriptTicket");

  static final ScriptContract SCRIPT_V2 =
      new ScriptContract(
          "StartScriptCommandV2",
          "ScriptStatusRequestV2",
          "CancelScriptCommandV2",
          "CompleteScriptCommandV2",
          "ScriptStatusResponseV2",
          "Ticket");

  static final String START_TICKET_MEMBER = "ScriptTicket";
}
