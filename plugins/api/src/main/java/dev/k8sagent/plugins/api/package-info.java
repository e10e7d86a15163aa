/**
 * The plugin API: the extension points a plugin jar implements and the plain values they exchange
 * with the agent. It depends on PF4J and the JDK only, so a plugin builds against this artifact
 * ({@code dev.k8sagent:k8s-agent-plugin-api}, scope {@code provided}) and PF4J alone.
 *
 * <ul>
 *   <li>{@link dev.k8sagent.plugins.api.ToolingImageProvider}: offers the image a task runs in;
 *   <li>{@link dev.k8sagent.plugins.api.ScriptPodCustomizer}: adds labels, annotations, variables,
 *       volumes and init containers to the script pod, checked by the agent;
 *   <li>{@link dev.k8sagent.plugins.api.TaskObserver}: told when a task starts and ends.
 * </ul>
 *
 * <p>To write a plugin: implement one or more of these, mark each class {@code @org.pf4j.Extension}
 * and compile with PF4J on the annotation-processor path (it writes {@code
 * META-INF/extensions.idx}; without it the agent finds no extension and says so at start-up), give
 * the jar a manifest with {@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Provider},
 * {@code Plugin-Class} and {@code Plugin-Requires} (the agent versions it was built for, e.g.
 * {@code >=1.0.0 & <2.0.0}), and drop the jar into the agent's plugins folder ({@code
 * K8SAGENT_PLUGINS_DIRECTORY}). Settings reach the plugin through {@link
 * dev.k8sagent.plugins.api.PluginContext}. The guide is {@code plugins/README.md}.
 */
package dev.k8sagent.plugins.api;
