{
  description = "nix-emit: typed Nix for TypeScript, with the official Nix format and typed Kubernetes modules";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: {
        default = pkgs.buildNpmPackage {
          pname = "nix-emit";
          version = "0.1.0";
          src = ./.;
          # Replace with the hash nix reports on the first build (needs network).
          npmDepsHash = nixpkgs.lib.fakeHash;
          # tree-sitter and tree-sitter-nix build natively with node-gyp.
          nativeBuildInputs = [
            pkgs.python3
            pkgs.stdenv.cc
          ];
          nodejs = pkgs.nodejs_20;
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.nodejs_20
            pkgs.nix
            pkgs.nixfmt-rfc-style
          ];
        };
      });

      formatter = forAllSystems (pkgs: pkgs.nixfmt-rfc-style);

      nixosModules.k8s = ./fixtures/k8s;

      checks = forAllSystems (pkgs: {
        k8s-evaluates =
          let
            system = nixpkgs.lib.nixosSystem {
              inherit (pkgs) system;
              modules = [
                self.nixosModules.k8s
                {
                  services.k8s-kubelet.enable = true;
                  services.k8s-apiserver.enable = true;
                  services.k8s-containerd.enable = true;
                  boot.isContainer = true;
                  system.stateVersion = "25.05";
                }
              ];
            };
          in
          pkgs.writeText "k8s-evaluates" system.config.systemd.services.k8s-kubelet.serviceConfig.ExecStart;
        fixtures-formatted =
          pkgs.runCommand "fixtures-formatted" { nativeBuildInputs = [ pkgs.nixfmt-rfc-style ]; }
            ''
              nixfmt --check ${./fixtures/k8s}/*.nix ${./fixtures/module}/*.nix
              touch $out
            '';
      });
    };
}
