namespace OrleansFed.Learning.Kernels;

/// <summary>Sizes of a 2-D convolution over one example stored channels-last (H×W×C).</summary>
internal readonly record struct ConvGeometry(int InChannels, int Height, int Width, int OutChannels, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    public int OutHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    public int OutWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Patch length K = KernelHeight·KernelWidth·InChannels, ordered (ki, kj, c).</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>Output positions P = OutHeight·OutWidth.</summary>
    public int Positions => OutHeight * OutWidth;

    public int InputSize => InChannels * Height * Width;

    public int OutputSize => OutChannels * Positions;

    /// <summary>Height of the zero-padded input.</summary>
    public int PaddedHeight => Height + (2 * Padding);

    /// <summary>Width of the zero-padded input.</summary>
    public int PaddedWidth => Width + (2 * Padding);

    /// <summary>Floats of the zero-padded input (0 when there is no padding).</summary>
    public int PaddedSize => Padding == 0 ? 0 : PaddedHeight * PaddedWidth * InChannels;

    /// <summary>Run of one kernel row inside a patch: KernelWidth·InChannels contiguous floats of a channels-last image.</summary>
    public int RowRun => KernelWidth * InChannels;
}
