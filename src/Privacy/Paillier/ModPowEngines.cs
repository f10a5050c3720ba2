namespace OrleansFed.Privacy.Paillier;

/// <summary>Resolves a <see cref="ModPowBackend"/> to an engine.</summary>
internal static class ModPowEngines
{
    public static IModPowEngine Resolve(ModPowBackend backend) => backend switch
    {
        ModPowBackend.Auto => (IModPowEngine?)GmpModPowEngine.Instance ?? ManagedModPowEngine.Instance,
        ModPowBackend.Gmp => GmpModPowEngine.Instance
            ?? throw new PlatformNotSupportedException($"{GmpNative.LibraryName} is not installed (apt-get install libgmp10)."),
        ModPowBackend.Managed => ManagedModPowEngine.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    /// <summary>Whether the GMP backend is usable on this machine.</summary>
    public static bool IsGmpAvailable => GmpModPowEngine.Instance is not null;
}
