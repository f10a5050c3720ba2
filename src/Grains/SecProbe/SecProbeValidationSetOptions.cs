namespace OrleansFed.Grains.SecProbe;

/// <summary>
/// Where one named SecProbe validation set lives on the silo's disk: an IDX image file and an IDX label file (the
/// MNIST format). Pixels are scaled to [0, 1]; labels must lie below <see cref="Classes"/>.
/// </summary>
public sealed class SecProbeValidationSetOptions
{
    /// <summary>Default number of classes.</summary>
    public const int DefaultClasses = 10;

    /// <summary>Path of the IDX3 image file (unsigned bytes).</summary>
    public string Images { get; set; } = "";

    /// <summary>Path of the IDX1 label file.</summary>
    public string Labels { get; set; } = "";

    /// <summary>Use only the first this many tuples (all when unset).</summary>
    public int? Count { get; set; }

    /// <summary>Number of classes (2 … 256).</summary>
    public int Classes { get; set; } = DefaultClasses;
}
