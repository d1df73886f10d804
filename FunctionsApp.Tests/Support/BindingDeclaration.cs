namespace FunctionsApp.Tests.Support;

/// <summary>One binding of a function in <c>functions.metadata</c>.</summary>
/// <param name="Name">The parameter it binds (null for some output bindings).</param>
/// <param name="Type">The binding type: <c>httpTrigger</c>, <c>durableClient</c>, <c>orchestrationTrigger</c>…</param>
/// <param name="Direction"><c>In</c> or <c>Out</c>.</param>
/// <param name="Route">The route template of an HTTP trigger, without host.json's prefix.</param>
/// <param name="AuthLevel">The authorization level of an HTTP trigger.</param>
/// <param name="Methods">The HTTP methods of an HTTP trigger, upper case.</param>
public sealed record BindingDeclaration(string? Name, string Type, string Direction, string? Route, string? AuthLevel, IReadOnlyList<string> Methods);
