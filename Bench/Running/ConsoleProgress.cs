namespace OrleansChat.Bench.Running;

/// <summary>
/// Progress on the console: a line per finished piece of work, and on a terminal one live status line rewritten in
/// place while a step runs. When output is redirected the live line is printed at most every few seconds.
/// </summary>
public sealed class ConsoleProgress
{
    private readonly Lock _gate = new();
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _liveLength;
    private long _lastRedirectedLive;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Line(string text)
    {
        lock (_gate)
        {
            ClearLive();
            Console.WriteLine($"[{Elapsed:mm\\:ss}] {text}");
        }
    }

    public void Live(string text)
    {
        lock (_gate)
        {
            if (_interactive)
            {
                var line = $"[{Elapsed:mm\\:ss}]   {text}";
                var width = Math.Max(20, SafeWidth() - 1);
                if (line.Length > width)
                {
                    line = line[..width];
                }
                Console.Write("\r" + line.PadRight(_liveLength));
                _liveLength = line.Length;
            }
            else if (Stopwatch.GetElapsedTime(_lastRedirectedLive).TotalSeconds >= 5)
            {
                _lastRedirectedLive = Stopwatch.GetTimestamp();
                Console.WriteLine($"[{Elapsed:mm\\:ss}]   {text}");
            }
        }
    }

    private void ClearLive()
    {
        if (_interactive && _liveLength > 0)
        {
            Console.Write("\r" + new string(' ', _liveLength) + "\r");
            _liveLength = 0;
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
