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
        # importNpmLock reads package-lock.json: no dependency hash to keep up to date.
        default = pkgs.buildNpmPackage {
          pname = "nix-emit";
          version = "0.1.0";
          src = ./.;
          npmDeps = pkgs.importNpmLock { npmRoot = ./.; };
          npmConfigHook = pkgs.importNpmLock.npmConfigHook;
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
        # The example cluster's controller evaluates as a NixOS system.
        k8s-evaluates =
          let
            system = nixpkgs.lib.nixosSystem {
              inherit (pkgs) system;
              modules = [
                self.nixosModules.k8s
                (import ./nix/test-node.nix { pki = "/var/empty"; })
                {
                  boot.isContainer = true;
                  system.stateVersion = "25.05";
                }
              ];
            };
          in
          pkgs.writeText "k8s-evaluates" system.config.systemd.services.k8s-apiserver.serviceConfig.ExecStart;
        # Boots the controller from the generated tree and waits for its node to be Ready (KVM).
        cluster = import ./nix/cluster-test.nix { inherit self pkgs; };
        fixtures-formatted =
          pkgs.runCommand "fixtures-formatted" { nativeBuildInputs = [ pkgs.nixfmt-rfc-style ]; }
            ''
              nixfmt --check ${./fixtures/k8s}/*.nix ${./fixtures/module}/*.nix
              touch $out
            '';
      });
    };
}
