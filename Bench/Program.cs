using OrleansChat.Bench.Cli;

if (!InlineSocketCompletions.Enabled)
{
    return await InlineSocketCompletions.RelaunchAsync(args);
}
return await BenchCommand.Create().Parse(args).InvokeAsync();
