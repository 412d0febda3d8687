using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Support;

/// <summary>
/// Starts an app on a real loopback Kestrel port that the operating system picks (no fixed ports), for the browser
/// tests (issue 12 §6). <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/> hides why a host did not start:
/// the app's own <c>Main</c> runs the host, and when its start fails the host is disposed before the factory looks
/// at it, so the factory reports only <c>ObjectDisposedException: IServiceProvider</c>. Here the app's errors are
/// captured from its first log line (<see cref="CredoApp.Log"/>) and a failed start throws with them.
/// </summary>
internal static class KestrelStart
{
    public static Uri Start(WebApplicationFactory<Program> factory, CapturedLogs log)
    {
        factory.UseKestrel(0);
        try
        {
            factory.StartServer();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "The app did not start. What it logged as errors:" + Environment.NewLine + (log.Errors.IsEmpty ? "(nothing)" : string.Join(Environment.NewLine, log.Errors)),
                e);
        }

        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel did not report its addresses.");
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
