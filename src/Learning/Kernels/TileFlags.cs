namespace OrleansFed.Learning.Kernels;

/// <summary>What a microkernel does after the multiply-adds of one tile.</summary>
internal static class TileFlags
{
    /// <summary>Add the tile's previous contents of C.</summary>
    public const int LoadC = 1;

    /// <summary>Add bias[j] to column j.</summary>
    public const int BiasPerColumn = 2;

    /// <summary>Add bias[i] to row i.</summary>
    public const int BiasPerRow = 4;

    /// <summary>Clamp at zero.</summary>
    public const int Relu = 8;
}
