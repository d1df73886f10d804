namespace JobPipeline.Processing.TokenVault;

/// <summary>One value to tokenize.</summary>
/// <param name="TokenName">The kind of value (<c>ssn</c>, <c>email</c>, …); part of the token, so equal values of different kinds get different tokens.</param>
/// <param name="Value">The value.</param>
internal sealed record MaskItem(string TokenName, string Value);
