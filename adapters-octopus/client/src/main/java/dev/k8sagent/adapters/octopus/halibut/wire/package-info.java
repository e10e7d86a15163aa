/**
 * Halibut's framing, independent of sockets: a message is one raw DEFLATE stream of one BSON
 * envelope {@code {Message: …}}, followed by its data streams; control lines end with CRLF.
 *
 * <pre>
 *  request  = deflate(bson{Message})  stream*        stream = id(16, .NET Guid order)
 *  response = deflate(bson{Message})  stream*                 length(int64 LE) bytes[length]
 *  control  = "NEXT" | "PROCEED" | "END"  CRLF                length(int64 LE) again
 * </pre>
 */
package dev.k8sagent.adapters.octopus.halibut.wire;
