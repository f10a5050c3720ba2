using OrleansFed.Grains.Pate;
using OrleansFed.Runtime.Testing;

namespace OrleansFed.Grains.Tests.Pate;

/// <summary>Starts <see cref="GrainTestHost"/> with the PATE grains.</summary>
internal static class PateTestHost
{
    public static Task<GrainTestHost> StartAsync(ManualTimeProvider? time = null, string? sqliteDirectory = null) =>
        GrainTestHost.StartAsync(time, sqliteDirectory, s => s.AddPateGrains());
}
