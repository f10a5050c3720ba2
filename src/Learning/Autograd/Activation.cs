namespace OrleansFed.Learning.Autograd;

/// <summary>An activation that a Linear or Conv2d operation can fuse into its output stage.</summary>
public enum Activation
{
    /// <summary>No activation.</summary>
    None,

    /// <summary>max(0, x).</summary>
    Relu,
}
