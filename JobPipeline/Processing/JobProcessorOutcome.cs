using System.Text.Json.Nodes;

namespace JobPipeline.Processing;

/// <summary>What a processor returns besides its result: small figures for the job's <c>summary</c>.</summary>
/// <param name="Summary">Small figures (<c>entity_count</c>, …), kept after expiry; a few hundred bytes at most.</param>
public sealed record JobProcessorOutcome(JsonObject? Summary = null);
