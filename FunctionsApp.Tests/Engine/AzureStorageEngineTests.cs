using FunctionsApp.Tests.Support;

namespace FunctionsApp.Tests.Engine;

/// <summary>
/// The cases of <see cref="DurableEngineTests"/> on Durable Functions' Azure Storage engine over Azurite
/// (<see cref="DurableStorageHost"/>).
/// </summary>
public sealed class AzureStorageEngineTests() : DurableEngineTests(DurableEngineKind.AzureStorage);
