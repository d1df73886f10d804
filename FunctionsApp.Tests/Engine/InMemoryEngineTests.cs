using FunctionsApp.Tests.Support;

namespace FunctionsApp.Tests.Engine;

/// <summary>The cases of <see cref="DurableEngineTests"/> on the in-memory Durable Task engine (InProcessTestHost).</summary>
public sealed class InMemoryEngineTests() : DurableEngineTests(DurableEngineKind.InMemory);
