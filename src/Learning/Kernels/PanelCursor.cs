using System.Runtime.CompilerServices;

namespace OrleansFed.Learning.Kernels;

/// <summary>
/// Writes a stream of consecutive output positions into one row of a sequence of position panels (NR floats per
/// panel row, panels <c>panelStride</c> floats apart) without any division per element.
/// </summary>
internal unsafe struct PanelCursor(float* row, nint panelStride, int nr, int offset = 0)
{
    private float* _row = row - offset;
    private int _offset = offset;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Put(float value)
    {
        _row[_offset] = value;
        if (++_offset == nr)
        {
            _offset = 0;
            _row += panelStride;
        }
    }

    public void Copy(float* src, int count)
    {
        while (count > 0)
        {
            int n = Math.Min(count, nr - _offset);
            Packing.CopyShort(src, _row + _offset, n);

            src += n;
            count -= n;
            Advance(n);
        }
    }

    public void Zeros(int count)
    {
        while (count > 0)
        {
            int n = Math.Min(count, nr - _offset);
            new Span<float>(_row + _offset, n).Clear();
            count -= n;
            Advance(n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(int n)
    {
        _offset += n;
        if (_offset == nr)
        {
            _offset = 0;
            _row += panelStride;
        }
    }
}
