namespace OrleansFed.Learning.Kernels;

/// <summary>Sizes of a 2-D convolution over one example (CHW layout).</summary>
internal readonly record struct ConvGeometry(int InChannels, int Height, int Width, int OutChannels, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    public int OutHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    public int OutWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Patch length: InChannels·KernelHeight·KernelWidth.</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>Output positions per channel: OutHeight·OutWidth.</summary>
    public int Positions => OutHeight * OutWidth;

    public int InputSize => InChannels * Height * Width;

    public int OutputSize => OutChannels * Positions;
}
