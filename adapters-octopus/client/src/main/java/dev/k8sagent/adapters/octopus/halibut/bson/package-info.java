/**
 * BSON as Newtonsoft's {@code BsonDataWriter} writes it, which is what Halibut puts inside every
 * message: an ordered document model ({@link BsonDocument}), a writer and a bounded reader. .NET
 * {@code Guid}s travel as binary subtype 4 in .NET byte order ({@link NetGuid}), {@code TimeSpan}s
 * as strings ({@link TimeSpans}).
 */
package dev.k8sagent.adapters.octopus.halibut.bson;
