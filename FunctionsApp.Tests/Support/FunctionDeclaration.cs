namespace FunctionsApp.Tests.Support;

/// <summary>One function of <c>functions.metadata</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="EntryPoint">The method the worker invokes: <c>Namespace.Type.Method</c>.</param>
/// <param name="Bindings">Its bindings, the trigger among them.</param>
public sealed record FunctionDeclaration(string Name, string EntryPoint, IReadOnlyList<BindingDeclaration> Bindings)
{
    /// <summary>The one trigger binding.</summary>
    public BindingDeclaration Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
}
