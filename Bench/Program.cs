Console.WriteLine("OrleansChat.Bench");
