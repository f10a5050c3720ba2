namespace OrleansFed.Learning.Kernels;

/// <summary>How a bias vector is broadcast over the output of a matrix product.</summary>
internal enum BiasKind
{
    None,

    /// <summary>bias[j] added to every element of column j.</summary>
    PerColumn,

    /// <summary>bias[i] added to every element of row i.</summary>
    PerRow,
}

/// <summary>What a GEMM does to its output tile before storing it: add a bias, apply ReLU.</summary>
internal readonly unsafe struct Epilogue
{
    public Epilogue(float* bias, BiasKind kind, bool relu)
    {
        Bias = bias;
        Kind = bias == null ? BiasKind.None : kind;
        Relu = relu;
    }

    public float* Bias { get; }

    public BiasKind Kind { get; }

    public bool Relu { get; }

    public bool IsEmpty => Kind == BiasKind.None && !Relu;
}
