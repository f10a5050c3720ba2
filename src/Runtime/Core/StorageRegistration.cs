namespace OrleansFed.Runtime.Core;

/// <summary>One named storage provider registration, so the runtime can open every provider at start.</summary>
internal sealed record StorageRegistration(string Name);
