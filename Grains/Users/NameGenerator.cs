namespace OrleansChat.Grains.Users;

/// <summary>Random readable names such as <c>quiet-otter</c>, the way the original chat named its users.</summary>
internal static class NameGenerator
{
    private static readonly string[] Adjectives =
    [
        "quiet", "brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "kind", "lively",
        "merry", "nimble", "proud", "silly", "witty", "zany", "bold", "bright", "clever", "cosy",
        "daring", "fuzzy", "glad", "humble", "keen", "lucky", "mellow", "noble", "plucky", "rapid",
        "shy", "sunny", "swift", "tidy", "vivid", "warm", "wise", "young", "breezy", "cheery",
    ];

    private static readonly string[] Animals =
    [
        "otter", "badger", "beaver", "bison", "crane", "dingo", "eagle", "ferret", "gecko", "heron",
        "ibis", "jackal", "koala", "lemur", "lynx", "marten", "newt", "ocelot", "panda", "quokka",
        "raven", "salmon", "tapir", "urchin", "viper", "walrus", "yak", "zebra", "falcon", "gibbon",
        "hare", "iguana", "kiwi", "llama", "moose", "narwhal", "owl", "puffin", "robin", "stoat",
    ];

    public static string Next() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Animals[Random.Shared.Next(Animals.Length)]}";
}
