# syntax=docker/dockerfile:1
# One image for every role: the WebFront (default entry point; co-hosts an Orleans silo) and the headless silo
# (entrypoint dotnet /app/silo/OrleansChat.Silo.dll). Multi-stage: the SDK builds, the ASP.NET runtime runs, as non-root.
# Projects: Protocol <- Grains.Interfaces <- Grains <- Silo <- WebFront (Tests and Bench stay out of the image).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so that the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Protocol/Protocol.csproj Protocol/
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Silo/Silo.csproj Silo/
COPY WebFront/WebFront.csproj WebFront/
RUN dotnet restore WebFront/WebFront.csproj && dotnet restore Silo/Silo.csproj
COPY Protocol/ Protocol/
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Silo/ Silo/
COPY WebFront/ WebFront/
RUN dotnet publish WebFront/WebFront.csproj -c Release --no-restore -o /app/webfront \
 && dotnet publish Silo/Silo.csproj -c Release --no-restore -o /app/silo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
COPY --from=build /app /app
# The image's unprivileged 'app' user; port 8080 needs no privilege.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# HTTP, then Orleans' default silo-to-silo and gateway ports (Orleans__SiloPort, Orleans__GatewayPort).
EXPOSE 8080 11111 30000
WORKDIR /app/webfront
ENTRYPOINT ["dotnet", "OrleansChat.WebFront.dll"]
