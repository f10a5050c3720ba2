using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansFed.Learning.Kernels;

/// <summary>The 8×32 tile computed with <see cref="Vector{T}"/> for CPUs without AVX2 (same packing as the AVX-512 kernel).</summary>
internal static unsafe class PortableKernel
{
    public const int Rows = 8;

    public const int Columns = 32;

    public static void Tile8x32(int k, float* a, float* b, nint ldb, float* c, nint ldc, int flags, float* bias)
    {
        int lanes = Vector<float>.Count;
        float* acc = stackalloc float[Rows * Columns];
        new Span<float>(acc, Rows * Columns).Clear();
        for (int p = 0; p < k; p++)
        {
            float* brow = b + (p * ldb);
            for (int r = 0; r < Rows; r++)
            {
                var av = new Vector<float>(a[r]);
                float* arow = acc + (r * Columns);
                for (int j = 0; j < Columns; j += lanes)
                {
                    Unsafe.WriteUnaligned(arow + j, Unsafe.ReadUnaligned<Vector<float>>(arow + j) + (av * Unsafe.ReadUnaligned<Vector<float>>(brow + j)));
                }
            }

            a += Rows;
        }

        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < Columns; j++)
            {
                float v = acc[(r * Columns) + j];
                float* dst = c + (r * ldc) + j;
                if ((flags & TileFlags.LoadC) != 0)
                {
                    v += *dst;
                }

                if ((flags & TileFlags.BiasPerColumn) != 0)
                {
                    v += bias[j];
                }
                else if ((flags & TileFlags.BiasPerRow) != 0)
                {
                    v += bias[r];
                }

                *dst = (flags & TileFlags.Relu) != 0 && v < 0f ? 0f : v;
            }
        }
    }
}
