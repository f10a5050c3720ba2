using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;

namespace OrleansFed.Learning.Kernels;

/// <summary>Copy and transpose helpers for packing GEMM operands.</summary>
internal static unsafe class Packing
{
    /// <summary>Copies <paramref name="count"/> floats (a panel row: 16 or 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, float* dst, int count)
    {
        int i = 0;
        for (; Vector512.IsHardwareAccelerated && i + 16 <= count; i += 16)
        {
            Vector512.Store(Vector512.Load(src + i), dst + i);
        }

        for (; i + 8 <= count; i += 8)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>Copies a short run (typically one output row of a convolution) with 8-wide moves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyShort(float* src, float* dst, int count)
    {
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        if (i + 4 <= count)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
            i += 4;
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>
    /// Transposes 8 source rows (each <paramref name="length"/> floats, <paramref name="srcStride"/> apart) so that
    /// dst[p*dstStride + r] = src[r*srcStride + p] for r &lt; 8, p &lt; length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose8Rows(float* src, nint srcStride, int length, float* dst, nint dstStride)
    {
        int p = 0;
        if (Avx.IsSupported)
        {
            for (; p + 8 <= length; p += 8)
            {
                Transpose8x8(src + p, srcStride, dst + (p * dstStride), dstStride);
            }
        }

        for (; p < length; p++)
        {
            float* d = dst + (p * dstStride);
            for (int r = 0; r < 8; r++)
            {
                d[r] = src[(r * srcStride) + p];
            }
        }
    }

    /// <summary>An 8×8 block transpose in AVX registers (unpack, shuffle, cross-lane permute).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + (2 * srcStride));
        Vector256<float> r3 = Avx.LoadVector256(src + (3 * srcStride));
        Vector256<float> r4 = Avx.LoadVector256(src + (4 * srcStride));
        Vector256<float> r5 = Avx.LoadVector256(src + (5 * srcStride));
        Vector256<float> r6 = Avx.LoadVector256(src + (6 * srcStride));
        Vector256<float> r7 = Avx.LoadVector256(src + (7 * srcStride));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(u3, u7, 0x31));
    }
}
