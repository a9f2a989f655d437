using OrleansChat.Bench.Cli;

if (!InlineSocketCompletions.Enabled)
{
    return await InlineSocketCompletions.RelaunchAsync(args);
}
return await BenchCommand.Create(args).Parse(args).InvokeAsync();
