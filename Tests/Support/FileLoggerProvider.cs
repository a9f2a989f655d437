using Microsoft.Extensions.Logging;

namespace OrleansChat.Tests.Support;

/// <summary>
/// Appends the test silos' logs (Debug and up) to one file, each line with the time and the silo's name: set
/// <c>CHAT_TEST_LOG=/path/to/file</c> to see what Orleans did in a failing cluster test. Off by default.
/// </summary>
internal sealed class FileLoggerProvider(string path, string silo) : ILoggerProvider
{
    public const string Variable = "CHAT_TEST_LOG";

    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, silo, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string silo, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}\n";
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
