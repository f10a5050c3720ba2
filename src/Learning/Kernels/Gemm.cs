using System.Buffers;
using System.Numerics.Tensors;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Single-precision matrix product C = A·B (or C += A·B) over strided operands:
/// A(i,p) = a[i*aRowStride + p*aColStride], B(p,j) = b[p*bRowStride + j*bColStride], C(i,j) = c[i*ldc + j].
/// </summary>
internal static unsafe class Gemm
{
    public static void Multiply(
        int m, int n, int k,
        float* a, int aRowStride, int aColStride,
        float* b, int bRowStride, int bColStride,
        float* c, int ldc, bool accumulate, Epilogue epilogue = default, int threads = 1)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        float[]? packed = null;
        if (bColStride != 1)
        {
            packed = ArrayPool<float>.Shared.Rent(k * n);
            fixed (float* p = packed)
            {
                for (int r = 0; r < k; r++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        p[(r * n) + j] = b[(r * bRowStride) + (j * bColStride)];
                    }
                }
            }
        }

        try
        {
            fixed (float* pb = packed)
            {
                float* bb = packed is null ? b : pb;
                int ldb = packed is null ? bRowStride : n;
                for (int i = 0; i < m; i++)
                {
                    var row = new Span<float>(c + (i * ldc), n);
                    if (!accumulate)
                    {
                        if (epilogue.Kind == BiasKind.PerColumn)
                        {
                            new ReadOnlySpan<float>(epilogue.Bias, n).CopyTo(row);
                        }
                        else if (epilogue.Kind == BiasKind.PerRow)
                        {
                            row.Fill(epilogue.Bias[i]);
                        }
                        else
                        {
                            row.Clear();
                        }
                    }

                    for (int p = 0; p < k; p++)
                    {
                        float av = a[(i * aRowStride) + (p * aColStride)];
                        if (av != 0f)
                        {
                            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(bb + (p * ldb), n), av, row, row);
                        }
                    }

                    if (epilogue.Relu)
                    {
                        TensorPrimitives.Max(row, 0f, row);
                    }
                }
            }
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<float>.Shared.Return(packed);
            }
        }
    }
}
